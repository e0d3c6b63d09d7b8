<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Api;

/**
 * Holds stock in MSI for an Amazon order that is still Pending (not in Commerce yet), and releases it.
 *
 * REST: POST /V1/amazon-orders/pending-holds and DELETE /V1/amazon-orders/pending-holds/:amazonOrderId;
 * ACL AmazonOrders_Bridge::reservations.
 * @api
 */
interface PendingHoldManagementInterface
{
    public const HELD = 'held';
    public const ALREADY_HELD = 'already_held';
    public const SKIPPED = 'skipped';
    public const RELEASED = 'released';
    public const NOT_HELD = 'not_held';

    /**
     * Hold the ordered quantities on the stock of the store view's website, once.
     *
     * Answers "held"; "already_held" when the Amazon order already holds stock (a second call
     * changes nothing); "skipped" when no given SKU is a product whose type carries stock.
     *
     * @param string $amazonOrderId Amazon's order number, e.g. 114-1234567-1234567
     * @param string $storeCode the store view the order will be imported into
     * @param \AmazonOrders\Bridge\Api\Data\PendingHoldItemInterface[] $items
     * @return string
     * @throws \Magento\Framework\Exception\InputException
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     * @throws \Magento\Framework\Exception\LocalizedException
     */
    public function hold(string $amazonOrderId, string $storeCode, array $items): string;

    /**
     * Compensate whatever the Amazon order still holds, per stock and SKU.
     *
     * Answers "released"; "not_held" when it holds nothing (never held, or already released).
     * Refused (400) when MSI would not write the release ("Decrease Stock When Order is Placed" off,
     * or a held product that no longer manages stock): the quantity stays held, and a later call
     * releases what is still held.
     *
     * @param string $amazonOrderId
     * @return string
     * @throws \Magento\Framework\Exception\InputException
     * @throws \Magento\Framework\Exception\LocalizedException
     */
    public function release(string $amazonOrderId): string;
}
