<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Api\Data;

/**
 * One line of a pending hold: a Commerce SKU and the quantity Amazon ordered.
 * @api
 */
interface PendingHoldItemInterface
{
    /**
     * @return string
     */
    public function getSku(): string;

    /**
     * @param string $sku
     * @return $this
     */
    public function setSku(string $sku): self;

    /**
     * @return float
     */
    public function getQty(): float;

    /**
     * @param float $qty
     * @return $this
     */
    public function setQty(float $qty): self;
}
