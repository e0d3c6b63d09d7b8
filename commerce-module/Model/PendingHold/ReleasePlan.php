<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\PendingHold;

/**
 * What an Amazon order's pending hold still keeps, worked out from its rows in inventory_reservation.
 *
 * The net is summed per (stock_id, sku) and the release compensates each non-zero net on that exact
 * stock. Reading the ledger, rather than re-resolving the store's stock, stays right when the
 * website was moved to another stock since the hold, when a hold was released in part by hand, or
 * when a held SKU was deleted since. Sums are rounded to 4 decimals (the column's scale), so
 * -2 + 2 is exactly 0 and a released hold is not released again. Plain PHP, unit-tested on its own.
 */
final class ReleasePlan
{
    private const SCALE = 4;

    /** @var list<array{stock_id: int, sku: string, quantity: float}> */
    private array $compensations = [];

    /**
     * @param list<array{stock_id: int, sku: string, quantity: float}> $rows the hold's reservations
     */
    public function __construct(array $rows)
    {
        $nets = [];
        foreach ($rows as $row) {
            $key = $row['stock_id'] . "\n" . $row['sku'];
            $nets[$key] ??= ['stock_id' => $row['stock_id'], 'sku' => $row['sku'], 'net' => 0.0];
            $nets[$key]['net'] += $row['quantity'];
        }
        foreach ($nets as $net) {
            $quantity = round($net['net'], self::SCALE);
            if ($quantity !== 0.0) {
                $this->compensations[] = [
                    'stock_id' => $net['stock_id'],
                    'sku' => $net['sku'],
                    'quantity' => -$quantity,
                ];
            }
        }
    }

    /**
     * Whether the Amazon order still holds stock (the idempotency check of a hold).
     */
    public function isHeld(): bool
    {
        return $this->compensations !== [];
    }

    /**
     * The reservations that bring each (stock, SKU) of the hold back to zero, in ledger order.
     *
     * @return list<array{stock_id: int, sku: string, quantity: float}>
     */
    public function compensations(): array
    {
        return $this->compensations;
    }
}
