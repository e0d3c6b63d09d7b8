<?php

declare(strict_types=1);

namespace Magento\InventorySalesApi\Api\Data;

/**
 * Stand-in for MSI's sales channel.
 */
interface SalesChannelInterface
{
    public const TYPE = 'type';
    public const CODE = 'code';
    public const TYPE_WEBSITE = 'website';

    public function getType(): ?string;

    public function getCode(): ?string;
}
