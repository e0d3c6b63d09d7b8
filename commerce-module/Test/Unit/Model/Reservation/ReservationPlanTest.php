<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\Reservation;

use AmazonOrders\Bridge\Model\Reservation\ReservationPlan;
use PHPUnit\Framework\TestCase;

class ReservationPlanTest extends TestCase
{
    /**
     * @return array{item_id: int|null, parent_item_id: int|null, sku: string, qty_ordered: float,
     *     qty_shipped: float, is_virtual: bool}
     */
    private static function item(
        ?int $id,
        string $sku,
        float $ordered,
        float $shipped = 0.0,
        ?int $parent = null,
        bool $virtual = false
    ): array {
        return [
            'item_id' => $id,
            'parent_item_id' => $parent,
            'sku' => $sku,
            'qty_ordered' => $ordered,
            'qty_shipped' => $shipped,
            'is_virtual' => $virtual,
        ];
    }

    public function testHoldsTheOrderedQuantityPerSku(): void
    {
        $plan = new ReservationPlan(
            [self::item(1, 'MUG', 2.0), self::item(2, 'TEE', 1.0), self::item(3, 'MUG', 3.0)],
            false
        );

        self::assertFalse($plan->isFulfilledOutsideCommerce());
        self::assertSame(['MUG' => 5.0, 'TEE' => 1.0], $plan->quantitiesBySku());
    }

    public function testParentItemsAndVirtualItemsHoldNothing(): void
    {
        $plan = new ReservationPlan([
            self::item(10, 'TEE-M-RED', 2.0),            // configurable parent (its SKU is the child's)
            self::item(11, 'TEE-M-RED', 2.0, 0.0, 10),   // its simple child
            self::item(12, 'GIFT-CARD', 1.0, 0.0, null, true),
            self::item(13, 'BUNDLE', 1.0),               // bundle parent
            self::item(14, 'PART-A', 2.0, 0.0, 13),
            self::item(15, 'PART-B', 1.0, 0.0, 13),
        ], false);

        self::assertSame(['TEE-M-RED' => 2.0, 'PART-A' => 2.0, 'PART-B' => 1.0], $plan->quantitiesBySku());
    }

    public function testAnOrderShippedOutsideCommerceHoldsNothing(): void
    {
        // Amazon-fulfilled import: every item shipped, no shipment document in Commerce.
        $plan = new ReservationPlan([self::item(1, 'MUG', 2.0, 2.0), self::item(2, 'TEE', 1.0, 1.0)], false);

        self::assertTrue($plan->isFulfilledOutsideCommerce());
        self::assertSame([], $plan->quantitiesBySku());
    }

    public function testAnOrderShippedInCommerceStillHoldsItsQuantity(): void
    {
        // Shipped by Commerce before the call: MSI already added the shipment's +qty compensation,
        // so the order_placed hold is what brings the order's sum back to zero.
        $plan = new ReservationPlan([self::item(1, 'MUG', 2.0, 2.0)], true);

        self::assertFalse($plan->isFulfilledOutsideCommerce());
        self::assertSame(['MUG' => 2.0], $plan->quantitiesBySku());
    }

    public function testNumericSkusAndItemsWithoutIds(): void
    {
        $plan = new ReservationPlan([self::item(null, '12345', 1.0), self::item(null, '12345', 1.5)], false);

        self::assertSame([12345 => 2.5], $plan->quantitiesBySku());
    }

    public function testNoItemsMeansNothingToHold(): void
    {
        $plan = new ReservationPlan([self::item(1, 'GIFT-CARD', 1.0, 0.0, null, true)], false);

        self::assertSame([], $plan->quantitiesBySku());
    }
}
