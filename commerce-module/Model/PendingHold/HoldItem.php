<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\PendingHold;

use AmazonOrders\Bridge\Api\Data\PendingHoldItemInterface;

/**
 * The request object the web API builds for each item of POST /V1/amazon-orders/pending-holds.
 * A missing qty stays 0, which the hold then refuses.
 */
class HoldItem implements PendingHoldItemInterface
{
    private string $sku = '';
    private float $qty = 0.0;

    public function getSku(): string
    {
        return $this->sku;
    }

    public function setSku(string $sku): PendingHoldItemInterface
    {
        $this->sku = $sku;

        return $this;
    }

    public function getQty(): float
    {
        return $this->qty;
    }

    public function setQty(float $qty): PendingHoldItemInterface
    {
        $this->qty = $qty;

        return $this;
    }
}
