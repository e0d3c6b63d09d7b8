<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\PendingHold;

use Magento\InventoryCatalogApi\Model\GetProductTypesBySkusInterface;
use Magento\InventoryConfigurationApi\Model\IsSourceItemManagementAllowedForProductTypeInterface;

/**
 * Tells which requested SKUs are products whose type carries stock, and how the catalog spells them.
 *
 * MSI's GetProductTypesBySkus matches SKUs case-insensitively (SQL) and keys its answer by the SKU
 * as stored in catalog_product_entity, not as requested. It does not throw for unknown SKUs: it
 * leaves them out, or (its cached implementation, the default preference) answers null for them.
 * PlaceReservationsForSalesEvent looks each item's SKU up in that answer, so a hold must name the
 * catalog's spelling: under another one MSI would take the SKU for unknown, skip its type check and
 * write the reservation under a SKU that is not the product's.
 */
class StockCarryingSkus
{
    private GetProductTypesBySkusInterface $getProductTypesBySkus;
    private IsSourceItemManagementAllowedForProductTypeInterface $isSourceItemManagementAllowed;

    public function __construct(
        GetProductTypesBySkusInterface $getProductTypesBySkus,
        IsSourceItemManagementAllowedForProductTypeInterface $isSourceItemManagementAllowed
    ) {
        $this->getProductTypesBySkus = $getProductTypesBySkus;
        $this->isSourceItemManagementAllowed = $isSourceItemManagementAllowed;
    }

    /**
     * @param list<string> $skus as requested
     * @return array<string|int, string> requested SKU => the catalog's SKU, for products whose type
     *     carries stock; other SKUs (unknown, or of a type without stock) are absent
     */
    public function resolve(array $skus): array
    {
        if ($skus === []) {
            return [];
        }
        $catalogSkus = [];
        foreach ($this->getProductTypesBySkus->execute($skus) as $catalogSku => $typeId) {
            $catalogSku = (string)$catalogSku;
            $carriesStock = $typeId !== null && $this->isSourceItemManagementAllowed->execute((string)$typeId);
            if ($carriesStock && $catalogSku !== '') {
                $catalogSkus[mb_strtolower($catalogSku)] = $catalogSku;
            }
        }
        $resolved = [];
        foreach ($skus as $sku) {
            $catalogSku = $catalogSkus[mb_strtolower($sku)] ?? null;
            if ($catalogSku !== null) {
                $resolved[$sku] = $catalogSku;
            }
        }

        return $resolved;
    }
}
