<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Reservation;

/**
 * Which quantities an order must hold on its stock, worked out from its items alone.
 *
 * Rules (plain PHP, unit-tested on its own), as MSI's own order placement and compensations:
 * - Every item is counted except parent items (an item another item names as its parent:
 *   configurable and bundle parents, whose children carry the quantity). Virtual items count too:
 *   MSI reserves them at placement like any product whose type carries stock (it checks the types
 *   again when placing).
 * - Quantities are qty_ordered summed per SKU, as Magento's own order-placement plugin does; later
 *   shipments, invoices, cancellations and credit memos are compensated by MSI itself.
 * - MSI releases an item's reservation with the document that fulfils it: a shipment for a
 *   physical item, an invoice for a virtual one (its VirtualSourceDeductionProcessor). Its
 *   inconsistency check likewise expects qty_ordered - (is_virtual ? qty_invoiced : qty_shipped).
 * - Items marked fulfilled without that document (physical items shipped with no shipment in
 *   Commerce, virtual items invoiced with no invoice) were fulfilled outside Commerce:
 *   Amazon-fulfilled orders are imported that way (state complete, every item shipped and
 *   invoiced, no document). Nothing in Commerce will ever release a hold for them, so they get
 *   none.
 */
final class ReservationPlan
{
    /** @var array<string, float> */
    private array $quantities = [];
    private bool $fulfilledOutsideCommerce;

    /**
     * @param list<array{item_id: int|null, parent_item_id: int|null, sku: string, qty_ordered: float,
     *     qty_shipped: float, qty_invoiced: float, is_virtual: bool}> $items
     */
    public function __construct(array $items, bool $hasShipmentDocuments, bool $hasInvoiceDocuments)
    {
        $parents = [];
        foreach ($items as $item) {
            if ($item['parent_item_id'] !== null) {
                $parents[$item['parent_item_id']] = true;
            }
        }
        $counted = [];
        $shipped = 0.0;
        $invoiced = 0.0;
        foreach ($items as $item) {
            if ($item['item_id'] !== null && isset($parents[$item['item_id']])) {
                continue;
            }
            $counted[] = $item;
            if ($item['is_virtual']) {
                $invoiced += $item['qty_invoiced'];
            } else {
                $shipped += $item['qty_shipped'];
            }
        }
        $physicalOutside = !$hasShipmentDocuments && $shipped > 0;
        $virtualOutside = !$hasInvoiceDocuments && $invoiced > 0;
        foreach ($counted as $item) {
            $outside = $item['is_virtual'] ? $virtualOutside : $physicalOutside;
            if (!$outside && $item['qty_ordered'] > 0) {
                $this->quantities[$item['sku']] = ($this->quantities[$item['sku']] ?? 0.0) + $item['qty_ordered'];
            }
        }
        $this->fulfilledOutsideCommerce = $physicalOutside || $virtualOutside;
    }

    /**
     * Whether some of the order's items were fulfilled outside Commerce (and so hold nothing).
     */
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
        return $this->quantities;
    }
}
