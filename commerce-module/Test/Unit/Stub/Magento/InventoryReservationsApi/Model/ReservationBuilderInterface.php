<?php

declare(strict_types=1);

namespace Magento\InventoryReservationsApi\Model;

/**
 * Stand-in for MSI's reservation builder (same fluent setters).
 */
interface ReservationBuilderInterface
{
    public function setStockId(int $stockId): self;

    public function setSku(string $sku): self;

    public function setQuantity(float $quantity): self;

    public function setMetadata(?string $metadata = null): self;

    public function build(): ReservationInterface;
}
