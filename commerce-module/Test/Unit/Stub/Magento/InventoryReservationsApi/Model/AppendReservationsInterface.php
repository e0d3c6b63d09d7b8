<?php

declare(strict_types=1);

namespace Magento\InventoryReservationsApi\Model;

/**
 * Stand-in for MSI's service that appends reservations as given.
 */
interface AppendReservationsInterface
{
    /**
     * @param ReservationInterface[] $reservations
     */
    public function execute(array $reservations): void;
}
