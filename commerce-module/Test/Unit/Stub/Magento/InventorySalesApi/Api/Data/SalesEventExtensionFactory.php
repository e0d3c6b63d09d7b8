<?php

declare(strict_types=1);

namespace Magento\InventorySalesApi\Api\Data;

/**
 * Stand-in for the factory Magento generates for SalesEventExtensionInterface; tests replace it with a mock.
 */
class SalesEventExtensionFactory
{
    /**
     * @param array<string, mixed> $data constructor arguments by name
     * @return SalesEventExtensionInterface
     */
    public function create(array $data = [])
    {
        throw new \LogicException('SalesEventExtensionFactory is a stand-in: mock it.');
    }
}
