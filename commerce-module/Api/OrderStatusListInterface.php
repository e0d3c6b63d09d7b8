<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Api;

/**
 * Every order status with the state it is assigned to (core Magento has no REST route for this).
 *
 * REST: GET /V1/amazon-orders/order-statuses; ACL AmazonOrders_Bridge::reservations.
 * @api
 */
interface OrderStatusListInterface
{
    /**
     * Statuses assigned to a state, one entry per (status, state) pair, ordered by state and status.
     *
     * @return \AmazonOrders\Bridge\Api\Data\OrderStatusInterface[]
     */
    public function getList(): array;
}
