<?php

declare(strict_types=1);

namespace Magento\InventorySalesApi\Api\Data;

/**
 * Stand-in for MSI's sales event (constants and getters as in InventorySalesApi).
 */
interface SalesEventInterface
{
    public const EVENT_ORDER_PLACED = 'order_placed';
    public const OBJECT_TYPE_ORDER = 'order';

    public function getType(): string;

    public function getObjectType(): string;

    public function getObjectId(): string;

    public function getExtensionAttributes(): ?SalesEventExtensionInterface;

    public function setExtensionAttributes(SalesEventExtensionInterface $extensionAttributes): void;
}
