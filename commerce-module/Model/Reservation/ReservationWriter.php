<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Reservation;

use Magento\InventorySalesApi\Api\Data\ItemToSellInterfaceFactory;
use Magento\InventorySalesApi\Api\Data\SalesChannelInterface;
use Magento\InventorySalesApi\Api\Data\SalesChannelInterfaceFactory;
use Magento\InventorySalesApi\Api\Data\SalesEventExtensionFactory;
use Magento\InventorySalesApi\Api\Data\SalesEventInterface;
use Magento\InventorySalesApi\Api\Data\SalesEventInterfaceFactory;
use Magento\InventorySalesApi\Api\PlaceReservationsForSalesEventInterface;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Store\Api\StoreRepositoryInterface;
use Magento\Store\Api\WebsiteRepositoryInterface;

/**
 * Places "order_placed" reservations the way MSI's order-placement plugin does: negative
 * quantities, the order's website as sales channel, the order's entity id (and increment id) as
 * the event's object, so MSI's later compensations (shipment, cancellation, credit memo) and
 * `inventory:reservation:list-inconsistencies` recognise them.
 */
class ReservationWriter
{
    private PlaceReservationsForSalesEventInterface $placeReservations;
    private ItemToSellInterfaceFactory $itemToSellFactory;
    private SalesChannelInterfaceFactory $salesChannelFactory;
    private SalesEventInterfaceFactory $salesEventFactory;
    private SalesEventExtensionFactory $salesEventExtensionFactory;
    private StoreRepositoryInterface $storeRepository;
    private WebsiteRepositoryInterface $websiteRepository;

    public function __construct(
        PlaceReservationsForSalesEventInterface $placeReservations,
        ItemToSellInterfaceFactory $itemToSellFactory,
        SalesChannelInterfaceFactory $salesChannelFactory,
        SalesEventInterfaceFactory $salesEventFactory,
        SalesEventExtensionFactory $salesEventExtensionFactory,
        StoreRepositoryInterface $storeRepository,
        WebsiteRepositoryInterface $websiteRepository
    ) {
        $this->placeReservations = $placeReservations;
        $this->itemToSellFactory = $itemToSellFactory;
        $this->salesChannelFactory = $salesChannelFactory;
        $this->salesEventFactory = $salesEventFactory;
        $this->salesEventExtensionFactory = $salesEventExtensionFactory;
        $this->storeRepository = $storeRepository;
        $this->websiteRepository = $websiteRepository;
    }

    /**
     * @param array<string|int, float> $quantitiesBySku positive quantities to hold
     */
    public function place(OrderInterface $order, array $quantitiesBySku): void
    {
        $itemsToSell = [];
        foreach ($quantitiesBySku as $sku => $quantity) {
            $itemsToSell[] = $this->itemToSellFactory->create(['sku' => (string)$sku, 'qty' => -(float)$quantity]);
        }
        $websiteId = (int)$this->storeRepository->getById((int)$order->getStoreId())->getWebsiteId();
        $salesChannel = $this->salesChannelFactory->create([
            'data' => [
                'type' => SalesChannelInterface::TYPE_WEBSITE,
                'code' => $this->websiteRepository->getById($websiteId)->getCode(),
            ],
        ]);
        $salesEvent = $this->salesEventFactory->create([
            'type' => SalesEventInterface::EVENT_ORDER_PLACED,
            'objectType' => SalesEventInterface::OBJECT_TYPE_ORDER,
            'objectId' => (string)$order->getEntityId(),
        ]);
        $salesEvent->setExtensionAttributes($this->salesEventExtensionFactory->create([
            'data' => ['objectIncrementId' => (string)$order->getIncrementId()],
        ]));
        $this->placeReservations->execute($itemsToSell, $salesChannel, $salesEvent);
    }
}
