<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model;

use AmazonOrders\Bridge\Api\Data\PendingHoldItemInterface;
use AmazonOrders\Bridge\Api\PendingHoldManagementInterface;
use AmazonOrders\Bridge\Model\PendingHold\HoldLedger;
use AmazonOrders\Bridge\Model\PendingHold\HoldMetadata;
use AmazonOrders\Bridge\Model\PendingHold\HoldPlan;
use AmazonOrders\Bridge\Model\PendingHold\HoldWriter;
use AmazonOrders\Bridge\Model\PendingHold\ReleasePlan;
use AmazonOrders\Bridge\Model\PendingHold\StockCarryingSkus;
use Magento\Framework\Exception\InputException;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\Lock\LockManagerInterface;
use Magento\Store\Api\StoreRepositoryInterface;
use Magento\Store\Api\WebsiteRepositoryInterface;

/**
 * POST and DELETE /V1/amazon-orders/pending-holds: idempotent, serialised per Amazon order by a lock.
 *
 * Whether an order holds stock is read from inventory_reservation itself (the net of its rows), so
 * the module needs no table of its own and a retried call changes nothing.
 */
class PendingHoldManagement implements PendingHoldManagementInterface
{
    private const LOCK_PREFIX = 'amazon_orders_pending_hold_';
    private const LOCK_TIMEOUT = 10;

    private HoldMetadata $metadata;
    private HoldLedger $ledger;
    private StockCarryingSkus $stockCarryingSkus;
    private HoldWriter $writer;
    private StoreRepositoryInterface $storeRepository;
    private WebsiteRepositoryInterface $websiteRepository;
    private LockManagerInterface $lockManager;

    public function __construct(
        HoldMetadata $metadata,
        HoldLedger $ledger,
        StockCarryingSkus $stockCarryingSkus,
        HoldWriter $writer,
        StoreRepositoryInterface $storeRepository,
        WebsiteRepositoryInterface $websiteRepository,
        LockManagerInterface $lockManager
    ) {
        $this->metadata = $metadata;
        $this->ledger = $ledger;
        $this->stockCarryingSkus = $stockCarryingSkus;
        $this->writer = $writer;
        $this->storeRepository = $storeRepository;
        $this->websiteRepository = $websiteRepository;
        $this->lockManager = $lockManager;
    }

    /**
     * @inheritdoc
     */
    public function hold(string $amazonOrderId, string $storeCode, array $items): string
    {
        $this->assertValidId($amazonOrderId);
        $plan = $this->plan($items);
        $websiteCode = $this->websiteCode($storeCode);

        return $this->locked($amazonOrderId, function () use ($amazonOrderId, $plan, $websiteCode): string {
            if ($this->isHeld($amazonOrderId)) {
                return self::ALREADY_HELD;
            }
            $quantities = $plan->quantitiesBySku($this->stockCarryingSkus->resolve($plan->skus()));
            if ($quantities === []) {
                return self::SKIPPED;
            }
            $this->writer->hold($amazonOrderId, $websiteCode, $quantities);

            // MSI writes nothing for items whose stock is not managed, or at all when "Decrease Stock
            // When Order is Placed" is off; then there is nothing to release either.
            return $this->isHeld($amazonOrderId) ? self::HELD : self::SKIPPED;
        });
    }

    /**
     * @inheritdoc
     */
    public function release(string $amazonOrderId): string
    {
        $this->assertValidId($amazonOrderId);

        return $this->locked($amazonOrderId, function () use ($amazonOrderId): string {
            $compensations = (new ReleasePlan($this->ledger->rowsOf($amazonOrderId)))->compensations();
            if ($compensations === []) {
                return self::NOT_HELD;
            }
            $this->writer->release($amazonOrderId, $compensations);
            if ($this->isHeld($amazonOrderId)) {
                // MSI's PreventAppendReservationOnNotManageItemsInStockPlugin writes nothing when
                // "Decrease Stock When Order is Placed" is off, and drops SKUs whose stock is not
                // managed: the hold stays in force, so "released" would not be true.
                throw new LocalizedException(
                    __(
                        'MSI did not write the release of Amazon order %1\'s reserved quantity: "Decrease Stock '
                        . 'When Order is Placed" is off, or a held product no longer manages stock. The '
                        . 'quantity stays reserved; try again once that is changed.',
                        $amazonOrderId
                    )
                );
            }

            return self::RELEASED;
        });
    }

    private function isHeld(string $amazonOrderId): bool
    {
        return (new ReleasePlan($this->ledger->rowsOf($amazonOrderId)))->isHeld();
    }

    private function assertValidId(string $amazonOrderId): void
    {
        if (!$this->metadata->isValidId($amazonOrderId)) {
            throw new InputException(
                __('The Amazon order id "%1" is not valid: use 1 to 64 letters, digits and dashes.', $amazonOrderId)
            );
        }
    }

    /**
     * @param PendingHoldItemInterface[] $items
     * @throws InputException
     */
    private function plan(array $items): HoldPlan
    {
        $rows = [];
        foreach ($items as $item) {
            $rows[] = ['sku' => $item->getSku(), 'qty' => $item->getQty()];
        }
        try {
            return new HoldPlan($rows);
        } catch (\InvalidArgumentException $refused) {
            throw new InputException(__($refused->getMessage()));
        }
    }

    /**
     * The code of the website of the store view (the sales channel MSI resolves the stock from).
     *
     * @throws \Magento\Framework\Exception\NoSuchEntityException for an unknown store code
     * @throws InputException for the admin store view, which belongs to no website
     */
    private function websiteCode(string $storeCode): string
    {
        $websiteId = (int)$this->storeRepository->get($storeCode)->getWebsiteId();
        if ($websiteId === 0) {
            throw new InputException(__('The store view "%1" belongs to no website.', $storeCode));
        }

        return (string)$this->websiteRepository->getById($websiteId)->getCode();
    }

    /**
     * Runs $work under the Amazon order's lock, so a check and its write cannot interleave with
     * another request's for the same order.
     *
     * @param callable(): string $work
     * @throws LocalizedException when the lock is not had within the timeout
     */
    private function locked(string $amazonOrderId, callable $work): string
    {
        $lockName = self::LOCK_PREFIX . $amazonOrderId;
        if (!$this->lockManager->lock($lockName, self::LOCK_TIMEOUT)) {
            throw new LocalizedException(
                __(
                    'The pending hold of Amazon order %1 is being changed by another request; try again.',
                    $amazonOrderId
                )
            );
        }
        try {
            return $work();
        } finally {
            $this->lockManager->unlock($lockName);
        }
    }
}
