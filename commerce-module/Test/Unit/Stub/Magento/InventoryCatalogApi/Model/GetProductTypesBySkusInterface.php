<?php

declare(strict_types=1);

namespace Magento\InventoryCatalogApi\Model;

/**
 * Stand-in for MSI's interface: SKU as stored in the catalog => product type id; unknown SKUs are
 * left out (or null, from its cached implementation), never an exception.
 */
interface GetProductTypesBySkusInterface
{
    /**
     * @param array<int|string> $skus
     * @return array<int|string, string|null>
     */
    public function execute(array $skus);
}
