<?php

declare(strict_types=1);

namespace Magento\InventorySalesApi\Api\Data;

use AmazonOrders\Bridge\Test\Unit\Stub\GeneratedFactory;

/**
 * Stand-in for the factory Magento generates for SalesChannelInterface.
 */
class SalesChannelInterfaceFactory extends GeneratedFactory
{
}
