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
        self::assertSame(['MUG-1' => 5.0, 'TEE' => 1.0], $plan->quantitiesBySku(['MUG-1' => 'MUG-1', 'TEE' => 'TEE']));
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
            $plan->quantitiesBySku(['MUG-1' => 'MUG-1'])
        );
    }

    public function testNothingToHoldWhenNoSkuCarriesStock(): void
    {
        $plan = new HoldPlan([self::item('KIT-BUNDLE', 1.0), self::item('NOT-IN-COMMERCE', 2.0)]);

        self::assertSame([], $plan->quantitiesBySku([]));
    }

    public function testHoldsUnderTheCatalogsSpellingOfTheSku(): void
    {
        // MSI keys product types by the SKU as stored; a hold under another spelling would be
        // taken for an unknown SKU.
        $plan = new HoldPlan([self::item('mug-1', 2.0), self::item('MUG-1', 1.0), self::item('Tee', 1.0)]);

        self::assertSame(['mug-1', 'MUG-1', 'Tee'], $plan->skus());
        self::assertSame(
            ['MUG-1' => 3.0, 'TEE' => 1.0],
            $plan->quantitiesBySku(['mug-1' => 'MUG-1', 'MUG-1' => 'MUG-1', 'Tee' => 'TEE'])
        );
    }

    public function testNumericSkusAndFractionalQuantities(): void
    {
        $plan = new HoldPlan([self::item('12345', 0.1), self::item('12345', 0.2)]);

        self::assertSame(['12345'], $plan->skus());
        self::assertSame([12345 => 0.3], $plan->quantitiesBySku(['12345' => '12345']));
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
