<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\PendingHold;

/**
 * Recognises the reservations of one Amazon order's pending hold in inventory_reservation.metadata.
 *
 * Holds are written by MSI as {"event_type":"amazon_pending_held","object_type":"amazon_order",
 * "object_id":"114-1234567-1234567","object_increment_id":"114-1234567-1234567"}; releases in the
 * same shape with event_type amazon_pending_released. The object type is not "order", so MSI's
 * order compensations and `inventory:reservation:list-inconsistencies` leave these rows alone. The
 * LIKE patterns narrow the rows in SQL; isHoldOf() then decides exactly (by object type and id, so
 * rows written with an empty object_increment_id count too). Plain PHP, unit-tested on its own.
 */
final class HoldMetadata
{
    public const OBJECT_TYPE = 'amazon_order';
    public const EVENT_HELD = 'amazon_pending_held';
    public const EVENT_RELEASED = 'amazon_pending_released';

    /**
     * Amazon order ids are digits and dashes. Letters are allowed too, but nothing that could
     * break out of a JSON string or act as a LIKE wildcard (" \ % _). \z: no trailing newline.
     */
    private const ID_PATTERN = '/^[A-Za-z0-9-]{1,64}\z/';

    public function isValidId(string $amazonOrderId): bool
    {
        return preg_match(self::ID_PATTERN, $amazonOrderId) === 1;
    }

    public function objectTypePattern(): string
    {
        return '%"object_type":"' . self::OBJECT_TYPE . '"%';
    }

    /**
     * The object id as this module and MSI write it: always a JSON string. The closing quote keeps
     * 114-1 from matching 114-12; the opening one keeps 14-12 from matching 114-12.
     */
    public function objectIdPattern(string $amazonOrderId): string
    {
        $this->assertValidId($amazonOrderId);

        return '%"object_id":"' . $amazonOrderId . '"%';
    }

    /**
     * Whether a reservation's metadata belongs to this Amazon order's hold (held or released).
     */
    public function isHoldOf(string $metadata, string $amazonOrderId): bool
    {
        $data = json_decode($metadata, true);
        if (!is_array($data) || !isset($data['object_type'], $data['object_id'])) {
            return false;
        }

        return $data['object_type'] === self::OBJECT_TYPE
            && is_string($data['object_id'])
            && $data['object_id'] === $amazonOrderId;
    }

    /**
     * Metadata of a reservation of this hold, in the shape MSI's SalesEventToArrayConverter writes.
     *
     * The Amazon order id is the increment id too: MSI's reservation cleanup deletes the rows that
     * share an object_increment_id once they sum to zero, so with an empty one every hold would
     * share one group with each other and with MSI's own rows that have none, and a hold still in
     * force could be deleted when that group happened to sum to zero.
     *
     * @return array{event_type: string, object_type: string, object_id: string, object_increment_id: string}
     */
    public function build(string $eventType, string $amazonOrderId): array
    {
        $this->assertValidId($amazonOrderId);

        return [
            'event_type' => $eventType,
            'object_type' => self::OBJECT_TYPE,
            'object_id' => $amazonOrderId,
            'object_increment_id' => $amazonOrderId,
        ];
    }

    private function assertValidId(string $amazonOrderId): void
    {
        if (!$this->isValidId($amazonOrderId)) {
            throw new \InvalidArgumentException(sprintf('The Amazon order id "%s" is not valid.', $amazonOrderId));
        }
    }
}
