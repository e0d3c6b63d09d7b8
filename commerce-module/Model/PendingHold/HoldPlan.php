<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\PendingHold;

/**
 * Which quantities a pending Amazon order must hold, worked out from the requested items alone.
 *
 * Rules (plain PHP, unit-tested on its own):
 * - At least one item, and every qty a finite number above 0; anything else is refused as a whole,
 *   before anything is looked up or written.
 * - Quantities are summed per SKU, as MSI does for an order's items, and held under the SKU as the
 *   catalog spells it (requests that differ only in letter case are one SKU).
 * - Only SKUs that are existing products of a type that carries stock are held. Unknown SKUs and
 *   types without source items (configurable, bundle, grouped) are skipped:
 *   Amazon may list items Commerce does not stock, and a hold on them would mean nothing.
 */
final class HoldPlan
{
    /** inventory_reservation.quantity has 4 decimals */
    private const SCALE = 4;

    /** @var array<string, float> */
    private array $requested = [];

    /**
     * @param list<array{sku: string, qty: float}> $items
     * @throws \InvalidArgumentException when there is no item or a qty is not above 0
     */
    public function __construct(array $items)
    {
        if ($items === []) {
            throw new \InvalidArgumentException('Give at least one item to hold.');
        }
        foreach ($items as $item) {
            if (!is_finite($item['qty']) || $item['qty'] <= 0) {
                throw new \InvalidArgumentException('Every quantity to hold must be greater than 0.');
            }
            $this->requested[$item['sku']] = ($this->requested[$item['sku']] ?? 0.0) + $item['qty'];
        }
    }

    /**
     * The distinct requested SKUs, to look up in the catalog.
     *
     * @return list<string>
     */
    public function skus(): array
    {
        return array_map('strval', array_keys($this->requested));
    }

    /**
     * The quantity to hold per catalog SKU (positive; the reservation itself is its negative).
     *
     * @param array<string|int, string> $catalogSkus requested SKU => the catalog's SKU, for the SKUs
     *     whose product's type carries stock (StockCarryingSkus); a SKU that is absent is skipped
     * @return array<string|int, float>
     */
    public function quantitiesBySku(array $catalogSkus): array
    {
        $sums = [];
        foreach ($this->requested as $sku => $quantity) {
            if (isset($catalogSkus[$sku])) {
                $sums[$catalogSkus[$sku]] = ($sums[$catalogSkus[$sku]] ?? 0.0) + $quantity;
            }
        }
        $quantities = [];
        foreach ($sums as $catalogSku => $quantity) {
            $quantity = round($quantity, self::SCALE);
            if ($quantity > 0) {
                $quantities[$catalogSku] = $quantity;
            }
        }

        return $quantities;
    }
}
