<?php

declare(strict_types=1);

namespace Magento\InventorySalesApi\Api\Data;

/**
 * Stand-in for the factory Magento generates for ItemToSellInterface; tests replace it with a mock.
 */
class ItemToSellInterfaceFactory
{
    /**
     * @param array<string, mixed> $data constructor arguments by name
     * @return ItemToSellInterface
     */
    public function create(array $data = [])
    {
        throw new \LogicException('ItemToSellInterfaceFactory is a stand-in: mock it.');
    }
}
