<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\PendingHold;

use AmazonOrders\Bridge\Model\PendingHold\HoldPlan;
use PHPUnit\Framework\TestCase;

class HoldPlanTest extends TestCase
{
    /**
     * @return array{sku: string, qty: float}
     */
    private static function item(string $sku, float $qty): array
    {
        return ['sku' => $sku, 'qty' => $qty];
    }

    public function testHoldsTheRequestedQuantitySummedPerSku(): void
    {
        $plan = new HoldPlan([self::item('MUG-1', 2.0), self::item('TEE', 1.0), self::item('MUG-1', 3.0)]);

        self::assertSame(['MUG-1', 'TEE'], $plan->skus());
        self::assertSame(['MUG-1' => 5.0, 'TEE' => 1.0], $plan->quantitiesBySku(['MUG-1' => true, 'TEE' => true]));
    }

    public function testUnknownSkusAndTypesWithoutStockAreSkipped(): void
    {
        $plan = new HoldPlan([
            self::item('MUG-1', 2.0),
            self::item('NOT-IN-COMMERCE', 1.0),
            self::item('KIT-BUNDLE', 1.0),
            self::item('TEE-CONFIGURABLE', 1.0),
        ]);

        self::assertSame(
            ['MUG-1' => 2.0],
            $plan->quantitiesBySku(['MUG-1' => true, 'KIT-BUNDLE' => false, 'TEE-CONFIGURABLE' => false])
        );
    }

    public function testNothingToHoldWhenNoSkuCarriesStock(): void
    {
        $plan = new HoldPlan([self::item('KIT-BUNDLE', 1.0), self::item('NOT-IN-COMMERCE', 2.0)]);

        self::assertSame([], $plan->quantitiesBySku(['KIT-BUNDLE' => false]));
    }

    public function testNumericSkusAndFractionalQuantities(): void
    {
        $plan = new HoldPlan([self::item('12345', 0.1), self::item('12345', 0.2)]);

        self::assertSame(['12345'], $plan->skus());
        self::assertSame([12345 => 0.3], $plan->quantitiesBySku(['12345' => true]));
    }

    /**
     * @return array<string, array{list<array{sku: string, qty: float}>}>
     */
    public static function refused(): array
    {
        return [
            'no item' => [[]],
            'zero' => [[self::item('MUG-1', 2.0), self::item('TEE', 0.0)]],
            'negative' => [[self::item('MUG-1', -2.0)]],
            'not a number' => [[self::item('MUG-1', NAN)]],
            'infinite' => [[self::item('MUG-1', INF)]],
        ];
    }

    /**
     * @dataProvider refused
     * @param list<array{sku: string, qty: float}> $items
     */
    public function testRefusesTheWholeRequestForABadQuantityOrNoItem(array $items): void
    {
        $this->expectException(\InvalidArgumentException::class);
        new HoldPlan($items);
    }
}
