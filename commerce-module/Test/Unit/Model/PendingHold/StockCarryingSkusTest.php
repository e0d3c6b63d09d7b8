<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\PendingHold;

use AmazonOrders\Bridge\Model\PendingHold\StockCarryingSkus;
use Magento\InventoryCatalogApi\Model\GetProductTypesBySkusInterface;
use Magento\InventoryConfigurationApi\Model\IsSourceItemManagementAllowedForProductTypeInterface;
use PHPUnit\Framework\TestCase;

class StockCarryingSkusTest extends TestCase
{
    /**
     * @param array<string|int, string|null> $typesBySku what MSI's GetProductTypesBySkus answers
     */
    private function skus(array $typesBySku): StockCarryingSkus
    {
        $types = $this->createMock(GetProductTypesBySkusInterface::class);
        $types->method('execute')->willReturn($typesBySku);
        $allowed = $this->createMock(IsSourceItemManagementAllowedForProductTypeInterface::class);
        $allowed->method('execute')->willReturnCallback(
            static fn (string $type): bool => in_array($type, ['simple', 'virtual', 'downloadable'], true)
        );

        return new StockCarryingSkus($types, $allowed);
    }

    public function testKeysEachRequestedSkuToTheCatalogsSpelling(): void
    {
        // MSI answers under the SKU as stored, whatever the case of the request.
        $resolved = $this->skus(['MUG-1' => 'simple', 'E-Book' => 'virtual'])->resolve(['mug-1', 'e-book']);

        self::assertSame(['mug-1' => 'MUG-1', 'e-book' => 'E-Book'], $resolved);
    }

    public function testUnknownSkusAndTypesWithoutStockAreLeftOutWithoutAnError(): void
    {
        // MSI's cached lookup (the default preference) answers null for a SKU it cannot find, and
        // null under the requested spelling next to the catalog's when only the case differs.
        $resolved = $this->skus([
            'NOT-IN-COMMERCE' => null,
            'tee' => null,
            'TEE' => 'simple',
            'KIT-BUNDLE' => 'bundle',
            'TEE-CONFIGURABLE' => 'configurable',
        ])->resolve(['NOT-IN-COMMERCE', 'tee', 'KIT-BUNDLE', 'TEE-CONFIGURABLE']);

        self::assertSame(['tee' => 'TEE'], $resolved);
    }

    public function testNumericSkus(): void
    {
        self::assertSame(['12345' => '12345'], $this->skus([12345 => 'simple'])->resolve(['12345']));
    }

    public function testNothingToLookUp(): void
    {
        $types = $this->createMock(GetProductTypesBySkusInterface::class);
        $types->expects(self::never())->method('execute');
        $allowed = $this->createMock(IsSourceItemManagementAllowedForProductTypeInterface::class);

        self::assertSame([], (new StockCarryingSkus($types, $allowed))->resolve([]));
    }
}
