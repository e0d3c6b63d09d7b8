<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Api\Data;

/**
 * An order status, its admin label and the state it belongs to.
 * @api
 */
interface OrderStatusInterface
{
    /**
     * @return string
     */
    public function getStatus(): string;

    /**
     * @return string
     */
    public function getLabel(): string;

    /**
     * @return string
     */
    public function getState(): string;

    /**
     * Whether this is the default status of its state.
     *
     * @return bool
     */
    public function getIsDefault(): bool;
}
