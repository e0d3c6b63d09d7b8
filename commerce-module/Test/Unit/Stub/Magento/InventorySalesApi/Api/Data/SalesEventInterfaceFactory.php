<?php

declare(strict_types=1);

namespace Magento\InventorySalesApi\Api\Data;

/**
 * Stand-in for the factory Magento generates for SalesEventInterface; tests replace it with a mock.
 */
class SalesEventInterfaceFactory
{
    /**
     * @param array<string, mixed> $data constructor arguments by name
     * @return SalesEventInterface
     */
    public function create(array $data = [])
    {
        throw new \LogicException('SalesEventInterfaceFactory is a stand-in: mock it.');
    }
}
