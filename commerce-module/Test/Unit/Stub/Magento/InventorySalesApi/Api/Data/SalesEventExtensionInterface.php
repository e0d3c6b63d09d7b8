<?php

declare(strict_types=1);

namespace Magento\InventorySalesApi\Api\Data;

/**
 * Stand-in for the extension attributes Magento generates for SalesEventInterface.
 */
interface SalesEventExtensionInterface
{
    /**
     * @return array<string, mixed>
     */
    public function __toArray();
}
