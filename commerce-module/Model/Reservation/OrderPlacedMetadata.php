<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Reservation;

/**
 * Recognises the `order_placed` reservations of one order in inventory_reservation.metadata.
 *
 * MSI writes that column as JSON, e.g.
 * {"event_type":"order_placed","object_type":"order","object_id":"42","object_increment_id":"000000042"}.
 * The LIKE patterns narrow the rows in SQL; isOrderPlacedFor() then decides exactly.
 * Plain PHP, unit-tested on its own.
 */
final class OrderPlacedMetadata
{
    public const EVENT_TYPE = 'order_placed';
    public const OBJECT_TYPE = 'order';

    /**
     * Patterns any of which an order's order_placed metadata matches (object_id written as a string,
     * as MSI does, or as a number, as some extensions do).
     *
     * @return list<string>
     */
    public function likePatterns(int $orderId): array
    {
        return [
            '%"object_id":"' . $orderId . '"%',
            '%"object_id":' . $orderId . ',%',
            '%"object_id":' . $orderId . '}%',
        ];
    }

    public function eventPattern(): string
    {
        return '%"event_type":"' . self::EVENT_TYPE . '"%';
    }

    public function isOrderPlacedFor(string $metadata, int $orderId): bool
    {
        $data = json_decode($metadata, true);
        if (!is_array($data) || !isset($data['event_type'], $data['object_type'], $data['object_id'])) {
            return false;
        }

        return $data['event_type'] === self::EVENT_TYPE
            && $data['object_type'] === self::OBJECT_TYPE
            && is_scalar($data['object_id'])
            && (string)$data['object_id'] === (string)$orderId;
    }
}
