<?php

declare(strict_types=1);

namespace Magento\InventoryReservationsApi\Model;

/**
 * Stand-in for MSI's reservation (one row of inventory_reservation).
 */
interface ReservationInterface
{
    public function getStockId(): int;

    public function getSku(): string;

    public function getQuantity(): float;

    public function getMetadata(): ?string;
}
