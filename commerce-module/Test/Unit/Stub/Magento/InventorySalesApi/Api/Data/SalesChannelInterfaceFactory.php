<?php

declare(strict_types=1);

namespace Magento\InventorySalesApi\Api\Data;

/**
 * Stand-in for the factory Magento generates for SalesChannelInterface; tests replace it with a mock.
 */
class SalesChannelInterfaceFactory
{
    /**
     * @param array<string, mixed> $data constructor arguments by name
     * @return SalesChannelInterface
     */
    public function create(array $data = [])
    {
        throw new \LogicException('SalesChannelInterfaceFactory is a stand-in: mock it.');
    }
}
