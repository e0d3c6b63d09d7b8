<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Reservation;

/**
 * Which quantities an order must hold on its stock, worked out from its items alone.
 *
 * Rules (plain PHP, unit-tested on its own):
 * - Only items that carry stock are counted: not virtual, and not a parent item (an item another
 *   item names as its parent: configurable and bundle parents, whose children carry the quantity).
 * - Quantities are qty_ordered summed per SKU, as Magento's own order-placement plugin does; later
 *   shipments, cancellations and credit memos are compensated by MSI itself.
 * - An order whose items carry shipped quantities although it has no shipment document was
 *   fulfilled outside Commerce (Amazon-fulfilled orders are imported that way: state complete,
 *   qty_shipped = qty_ordered, no shipment). Nothing in Commerce will ever release a hold for
 *   it, so it gets none.
 */
final class ReservationPlan
{
    /** @var array<string, float> */
    private array $quantities = [];
    private bool $fulfilledOutsideCommerce;

    /**
     * @param list<array{item_id: int|null, parent_item_id: int|null, sku: string,
     *     qty_ordered: float, qty_shipped: float, is_virtual: bool}> $items
     */
    public function __construct(array $items, bool $hasShipmentDocuments)
    {
        $parents = [];
        foreach ($items as $item) {
            if ($item['parent_item_id'] !== null) {
                $parents[$item['parent_item_id']] = true;
            }
        }
        $shipped = 0.0;
        foreach ($items as $item) {
            if ($item['is_virtual'] || ($item['item_id'] !== null && isset($parents[$item['item_id']]))) {
                continue;
            }
            $shipped += $item['qty_shipped'];
            if ($item['qty_ordered'] > 0) {
                $this->quantities[$item['sku']] = ($this->quantities[$item['sku']] ?? 0.0) + $item['qty_ordered'];
            }
        }
        $this->fulfilledOutsideCommerce = !$hasShipmentDocuments && $shipped > 0;
    }

    public function isFulfilledOutsideCommerce(): bool
    {
        return $this->fulfilledOutsideCommerce;
    }

    /**
     * The quantity to hold per SKU (positive; the reservation itself is its negative).
     *
     * @return array<string, float>
     */
    public function quantitiesBySku(): array
    {
        return $this->fulfilledOutsideCommerce ? [] : $this->quantities;
    }
}
