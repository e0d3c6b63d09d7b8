<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model;

use AmazonOrders\Bridge\Api\ReservationManagementInterface;
use AmazonOrders\Bridge\Model\Reservation\PlanBuilder;
use AmazonOrders\Bridge\Model\Reservation\ReservationLedger;
use AmazonOrders\Bridge\Model\Reservation\ReservationWriter;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\Lock\LockManagerInterface;
use Magento\Sales\Api\OrderRepositoryInterface;

/**
 * POST /V1/amazon-orders/reservations: idempotent, serialised per order by a lock.
 */
class ReservationManagement implements ReservationManagementInterface
{
    private const LOCK_PREFIX = 'amazon_orders_reservations_';
    private const LOCK_TIMEOUT = 10;

    private OrderRepositoryInterface $orderRepository;
    private ReservationLedger $ledger;
    private PlanBuilder $planBuilder;
    private ReservationWriter $writer;
    private LockManagerInterface $lockManager;

    public function __construct(
        OrderRepositoryInterface $orderRepository,
        ReservationLedger $ledger,
        PlanBuilder $planBuilder,
        ReservationWriter $writer,
        LockManagerInterface $lockManager
    ) {
        $this->orderRepository = $orderRepository;
        $this->ledger = $ledger;
        $this->planBuilder = $planBuilder;
        $this->writer = $writer;
        $this->lockManager = $lockManager;
    }

    /**
     * @inheritdoc
     */
    public function placeForOrder(int $orderId): string
    {
        $order = $this->orderRepository->get($orderId);
        $lockName = self::LOCK_PREFIX . $orderId;
        if (!$this->lockManager->lock($lockName, self::LOCK_TIMEOUT)) {
            throw new LocalizedException(
                __('The reservations of order %1 are being placed by another request; try again.', $orderId)
            );
        }
        try {
            if ($this->ledger->hasOrderPlaced($orderId)) {
                return self::ALREADY_PLACED;
            }
            $quantities = $this->planBuilder->build($order)->quantitiesBySku();
            if ($quantities === []) {
                return self::SKIPPED;
            }
            $this->writer->place($order, $quantities);

            return self::PLACED;
        } finally {
            $this->lockManager->unlock($lockName);
        }
    }
}
