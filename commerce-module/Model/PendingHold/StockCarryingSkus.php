<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\PendingHold;

use Magento\Framework\App\ResourceConnection;
use Magento\InventoryConfigurationApi\Model\IsSourceItemManagementAllowedForProductTypeInterface;

/**
 * Tells which requested SKUs are products whose type carries stock.
 *
 * Reads sku and type_id from catalog_product_entity as MSI's own GetProductTypesBySkus resource
 * model does, but answers for unknown SKUs (by leaving them out) instead of throwing, since Amazon
 * may list items Commerce does not have. SQL matches SKUs case-insensitively; the answer is keyed
 * by the SKU as requested, as MSI's lookup is, so the hold is written under that SKU.
 */
class StockCarryingSkus
{
    private ResourceConnection $resource;
    private IsSourceItemManagementAllowedForProductTypeInterface $isSourceItemManagementAllowed;

    public function __construct(
        ResourceConnection $resource,
        IsSourceItemManagementAllowedForProductTypeInterface $isSourceItemManagementAllowed
    ) {
        $this->resource = $resource;
        $this->isSourceItemManagementAllowed = $isSourceItemManagementAllowed;
    }

    /**
     * @param list<string> $skus
     * @return array<string|int, bool> requested SKU => whether its product's type carries stock;
     *     SKUs that are no product are absent
     */
    public function resolve(array $skus): array
    {
        if ($skus === []) {
            return [];
        }
        $connection = $this->resource->getConnection();
        $select = $connection->select()
            ->from($this->resource->getTableName('catalog_product_entity'), ['sku', 'type_id'])
            ->where('sku IN (?)', $skus);
        $typeBySku = [];
        foreach ($connection->fetchPairs($select) as $sku => $typeId) {
            $typeBySku[mb_strtolower((string)$sku)] = (string)$typeId;
        }
        $carries = [];
        foreach ($skus as $sku) {
            $typeId = $typeBySku[mb_strtolower($sku)] ?? null;
            if ($typeId !== null) {
                $carries[$sku] = $this->isSourceItemManagementAllowed->execute($typeId);
            }
        }

        return $carries;
    }
}
