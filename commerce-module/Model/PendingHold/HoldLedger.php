<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\PendingHold;

use Magento\Framework\App\ResourceConnection;

/**
 * Reads an Amazon order's pending-hold reservations from inventory_reservation (held and released).
 */
class HoldLedger
{
    private ResourceConnection $resource;
    private HoldMetadata $metadata;

    public function __construct(ResourceConnection $resource, HoldMetadata $metadata)
    {
        $this->resource = $resource;
        $this->metadata = $metadata;
    }

    /**
     * Every reservation whose metadata names this Amazon order, oldest first.
     *
     * @return list<array{stock_id: int, sku: string, quantity: float}>
     */
    public function rowsOf(string $amazonOrderId): array
    {
        $connection = $this->resource->getConnection();
        $select = $connection->select()
            ->from(
                $this->resource->getTableName('inventory_reservation'),
                ['stock_id', 'sku', 'quantity', 'metadata']
            )
            ->where('metadata LIKE ?', $this->metadata->objectTypePattern())
            ->where('metadata LIKE ?', $this->metadata->objectIdPattern($amazonOrderId))
            ->order('reservation_id ASC');
        $rows = [];
        foreach ($connection->fetchAll($select) as $row) {
            if ($this->metadata->isHoldOf((string)$row['metadata'], $amazonOrderId)) {
                $rows[] = [
                    'stock_id' => (int)$row['stock_id'],
                    'sku' => (string)$row['sku'],
                    'quantity' => (float)$row['quantity'],
                ];
            }
        }

        return $rows;
    }
}
