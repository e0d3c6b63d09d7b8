<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Reservation;

use Magento\Framework\App\ResourceConnection;

/**
 * Looks up existing reservations in inventory_reservation (the idempotency check).
 */
class ReservationLedger
{
    private ResourceConnection $resource;
    private OrderPlacedMetadata $metadata;

    public function __construct(ResourceConnection $resource, OrderPlacedMetadata $metadata)
    {
        $this->resource = $resource;
        $this->metadata = $metadata;
    }

    /**
     * Whether the order already holds "order_placed" reservations (placed by this module, or by
     * Magento itself when the order went through checkout).
     */
    public function hasOrderPlaced(int $orderId): bool
    {
        $connection = $this->resource->getConnection();
        $byObject = array_map(
            static fn (string $pattern): string => $connection->quoteInto('metadata LIKE ?', $pattern),
            $this->metadata->likePatterns($orderId)
        );
        $select = $connection->select()
            ->from($this->resource->getTableName('inventory_reservation'), ['metadata'])
            ->where('metadata LIKE ?', $this->metadata->eventPattern())
            ->where(implode(' OR ', $byObject));
        foreach ($connection->fetchCol($select) as $metadata) {
            if ($this->metadata->isOrderPlacedFor((string)$metadata, $orderId)) {
                return true;
            }
        }

        return false;
    }
}
