<?php

declare(strict_types=1);

namespace Magento\InventoryConfigurationApi\Model;

/**
 * Stand-in for MSI's interface: whether products of a type carry stock of their own.
 */
interface IsSourceItemManagementAllowedForProductTypeInterface
{
    public function execute(string $productType): bool;
}
