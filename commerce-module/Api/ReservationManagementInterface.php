<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Api;

/**
 * Places the MSI reservations of an order created with POST /V1/orders (which places none).
 *
 * REST: POST /V1/amazon-orders/reservations with {"orderId": N}; ACL AmazonOrders_Bridge::reservations.
 * @api
 */
interface ReservationManagementInterface
{
    public const PLACED = 'placed';
    public const ALREADY_PLACED = 'already_placed';
    public const SKIPPED = 'skipped';

    /**
     * Place the order's "order_placed" reservations, once.
     *
     * Answers "placed"; "already_placed" when the order already holds its order_placed reservations
     * (a second call changes nothing); "skipped" when the order needs none (fulfilled outside
     * Commerce, e.g. by Amazon, or no item that carries stock).
     *
     * @param int $orderId the order's entity_id
     * @return string
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     * @throws \Magento\Framework\Exception\LocalizedException
     */
    public function placeForOrder(int $orderId): string;
}
