<?php

declare(strict_types=1);

namespace Magento\InventoryCatalogApi\Model;

/**
 * Stand-in for MSI's interface: product id => SKU as stored in the catalog.
 */
interface GetSkusByProductIdsInterface
{
    /**
     * @param array<int|string> $productIds
     * @return array<int|string, string>
     * @throws \Magento\Framework\Exception\NoSuchEntityException when an id is no product
     */
    public function execute(array $productIds): array;
}
