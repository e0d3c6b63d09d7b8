<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\Reservation;

use AmazonOrders\Bridge\Model\Reservation\ReservationPlan;
use PHPUnit\Framework\TestCase;

class ReservationPlanTest extends TestCase
{
    /**
     * @return array{item_id: int|null, parent_item_id: int|null, sku: string, qty_ordered: float,
     *     qty_shipped: float, qty_invoiced: float, is_virtual: bool}
     */
    private static function item(
        ?int $id,
        string $sku,
        float $ordered,
        float $shipped = 0.0,
        ?int $parent = null,
        bool $virtual = false,
        float $invoiced = 0.0
    ): array {
        return [
            'item_id' => $id,
            'parent_item_id' => $parent,
            'sku' => $sku,
            'qty_ordered' => $ordered,
            'qty_shipped' => $shipped,
            'qty_invoiced' => $invoiced,
            'is_virtual' => $virtual,
        ];
    }

    /**
     * @return array{item_id: int, parent_item_id: null, sku: string, qty_ordered: float,
     *     qty_shipped: float, qty_invoiced: float, is_virtual: bool}
     */
    private static function virtualItem(int $id, string $sku, float $ordered, float $invoiced = 0.0): array
    {
        return self::item($id, $sku, $ordered, 0.0, null, true, $invoiced);
    }

    public function testHoldsTheOrderedQuantityPerSku(): void
    {
        $plan = new ReservationPlan(
            [self::item(1, 'MUG', 2.0), self::item(2, 'TEE', 1.0), self::item(3, 'MUG', 3.0)],
            false,
            false
        );

        self::assertFalse($plan->isFulfilledOutsideCommerce());
        self::assertSame(['MUG' => 5.0, 'TEE' => 1.0], $plan->quantitiesBySku());
    }

    public function testParentItemsHoldNothingAndVirtualItemsAreHeldLikeAnyOther(): void
    {
        // MSI reserves a virtual product at placement (its type carries stock) and releases it
        // when the item is invoiced.
        $plan = new ReservationPlan([
            self::item(10, 'TEE-M-RED', 2.0),            // configurable parent (its SKU is the child's)
            self::item(11, 'TEE-M-RED', 2.0, 0.0, 10),   // its simple child
            self::item(12, 'GIFT-CARD', 1.0, 0.0, null, true),
            self::item(13, 'BUNDLE', 1.0),               // bundle parent
            self::item(14, 'PART-A', 2.0, 0.0, 13),
            self::item(15, 'PART-B', 1.0, 0.0, 13),
        ], false, false);

        self::assertSame(
            ['TEE-M-RED' => 2.0, 'GIFT-CARD' => 1.0, 'PART-A' => 2.0, 'PART-B' => 1.0],
            $plan->quantitiesBySku()
        );
    }

    public function testAnOrderShippedOutsideCommerceHoldsNothing(): void
    {
        // Amazon-fulfilled import: every item shipped, no shipment document in Commerce.
        $plan = new ReservationPlan([self::item(1, 'MUG', 2.0, 2.0), self::item(2, 'TEE', 1.0, 1.0)], false, false);

        self::assertTrue($plan->isFulfilledOutsideCommerce());
        self::assertSame([], $plan->quantitiesBySku());
    }

    public function testAnOrderShippedInCommerceStillHoldsItsQuantity(): void
    {
        // Shipped by Commerce before the call: MSI already added the shipment's +qty compensation,
        // so the order_placed hold is what brings the order's sum back to zero.
        $plan = new ReservationPlan([self::item(1, 'MUG', 2.0, 2.0)], true, false);

        self::assertFalse($plan->isFulfilledOutsideCommerce());
        self::assertSame(['MUG' => 2.0], $plan->quantitiesBySku());
    }

    public function testNumericSkusAndItemsWithoutIds(): void
    {
        $plan = new ReservationPlan([self::item(null, '12345', 1.0), self::item(null, '12345', 1.5)], false, false);

        self::assertSame([12345 => 2.5], $plan->quantitiesBySku());
    }

    public function testNoItemsMeansNothingToHold(): void
    {
        $plan = new ReservationPlan([], false, false);

        self::assertSame([], $plan->quantitiesBySku());
    }

    public function testAVirtualItemInvoicedInCommerceStillHoldsItsQuantity(): void
    {
        // Invoiced by Commerce before the call: MSI already added the invoice's +qty compensation,
        // so the order_placed hold is what brings the order's sum back to zero.
        $plan = new ReservationPlan([self::virtualItem(1, 'E-BOOK', 1.0, 1.0)], false, true);

        self::assertFalse($plan->isFulfilledOutsideCommerce());
        self::assertSame(['E-BOOK' => 1.0], $plan->quantitiesBySku());
    }

    public function testAVirtualItemInvoicedOutsideCommerceHoldsNothing(): void
    {
        // Invoiced quantity but no invoice document: no invoice will ever release the hold.
        $plan = new ReservationPlan([self::virtualItem(1, 'E-BOOK', 1.0, 1.0)], false, false);

        self::assertTrue($plan->isFulfilledOutsideCommerce());
        self::assertSame([], $plan->quantitiesBySku());
    }

    public function testAnAmazonFulfilledOrderWithAVirtualItemHoldsNothing(): void
    {
        // The import marks every item shipped and invoiced, virtual ones too, with no document.
        $plan = new ReservationPlan([
            self::item(1, 'MUG', 2.0, 2.0, null, false, 2.0),
            self::item(2, 'E-BOOK', 1.0, 1.0, null, true, 1.0),
        ], false, false);

        self::assertTrue($plan->isFulfilledOutsideCommerce());
        self::assertSame([], $plan->quantitiesBySku());
    }

    public function testEachItemIsJudgedByTheDocumentThatReleasesIt(): void
    {
        // A shipment releases physical items only, an invoice virtual items only.
        $shippedInCommerce = new ReservationPlan(
            [self::item(1, 'MUG', 2.0, 2.0), self::virtualItem(2, 'E-BOOK', 1.0)],
            true,
            false
        );
        $physicalShippedElsewhere = new ReservationPlan(
            [self::item(1, 'MUG', 2.0, 2.0), self::virtualItem(2, 'E-BOOK', 1.0)],
            false,
            true
        );

        self::assertSame(['MUG' => 2.0, 'E-BOOK' => 1.0], $shippedInCommerce->quantitiesBySku());
        self::assertSame(['E-BOOK' => 1.0], $physicalShippedElsewhere->quantitiesBySku());
    }
}
