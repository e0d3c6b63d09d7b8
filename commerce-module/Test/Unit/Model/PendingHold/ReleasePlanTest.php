<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\PendingHold;

use AmazonOrders\Bridge\Model\PendingHold\ReleasePlan;
use PHPUnit\Framework\TestCase;

class ReleasePlanTest extends TestCase
{
    /**
     * @return array{stock_id: int, sku: string, quantity: float}
     */
    private static function row(int $stockId, string $sku, float $quantity): array
    {
        return ['stock_id' => $stockId, 'sku' => $sku, 'quantity' => $quantity];
    }

    public function testAHoldOfTwoIsReleasedWithPlusTwoOnTheSameStock(): void
    {
        $plan = new ReleasePlan([self::row(2, 'MUG-1', -2.0)]);

        self::assertTrue($plan->isHeld());
        self::assertSame([self::row(2, 'MUG-1', 2.0)], $plan->compensations());
    }

    public function testEachStockIsCompensatedSeparately(): void
    {
        // the website moved from stock 1 to stock 2 between two holds of the same SKU
        $plan = new ReleasePlan([
            self::row(1, 'MUG-1', -2.0),
            self::row(1, 'TEE', -1.0),
            self::row(2, 'MUG-1', -3.0),
        ]);

        self::assertSame(
            [self::row(1, 'MUG-1', 2.0), self::row(1, 'TEE', 1.0), self::row(2, 'MUG-1', 3.0)],
            $plan->compensations()
        );
    }

    public function testAReleasedHoldHoldsNothing(): void
    {
        $plan = new ReleasePlan([
            self::row(1, 'MUG-1', -2.0),
            self::row(1, 'TEE', -1.5),
            self::row(1, 'MUG-1', 2.0),
            self::row(1, 'TEE', 1.5),
        ]);

        self::assertFalse($plan->isHeld());
        self::assertSame([], $plan->compensations());
    }

    public function testFloatSumsAreRoundedSoTheyReachExactlyZero(): void
    {
        $plan = new ReleasePlan([
            self::row(1, 'MUG-1', -0.1),
            self::row(1, 'MUG-1', -0.2),
            self::row(1, 'MUG-1', 0.3),
        ]);

        self::assertFalse($plan->isHeld());
    }

    public function testOnlyWhatIsStillHeldIsCompensated(): void
    {
        // MUG-1 was released by hand already; TEE half of it
        $plan = new ReleasePlan([
            self::row(1, 'MUG-1', -2.0),
            self::row(1, 'TEE', -2.0),
            self::row(1, 'MUG-1', 2.0),
            self::row(1, 'TEE', 1.0),
        ]);

        self::assertSame([self::row(1, 'TEE', 1.0)], $plan->compensations());
    }

    public function testAnOverReleaseIsBroughtBackToZeroToo(): void
    {
        $plan = new ReleasePlan([self::row(1, 'MUG-1', -2.0), self::row(1, 'MUG-1', 3.0)]);

        self::assertSame([self::row(1, 'MUG-1', -1.0)], $plan->compensations());
    }

    public function testNoRowsHoldNothing(): void
    {
        self::assertFalse((new ReleasePlan([]))->isHeld());
        self::assertSame([], (new ReleasePlan([]))->compensations());
    }

    public function testNumericSkusStayStrings(): void
    {
        $plan = new ReleasePlan([self::row(1, '12345', -1.0)]);

        self::assertSame([self::row(1, '12345', 1.0)], $plan->compensations());
    }
}
