<?php

declare(strict_types=1);

namespace Magento\InventorySalesApi\Api\Data;

/**
 * Stand-in for MSI's item of a sales event (a SKU and a signed quantity).
 */
interface ItemToSellInterface
{
    public function getSku(): string;

    public function getQuantity(): float;
}
