<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\PendingHold;

use Magento\Framework\Serialize\SerializerInterface;
use Magento\InventoryReservationsApi\Model\AppendReservationsInterface;
use Magento\InventoryReservationsApi\Model\ReservationBuilderInterface;
use Magento\InventorySalesApi\Api\Data\ItemToSellInterfaceFactory;
use Magento\InventorySalesApi\Api\Data\SalesChannelInterface;
use Magento\InventorySalesApi\Api\Data\SalesChannelInterfaceFactory;
use Magento\InventorySalesApi\Api\Data\SalesEventExtensionFactory;
use Magento\InventorySalesApi\Api\Data\SalesEventInterfaceFactory;
use Magento\InventorySalesApi\Api\PlaceReservationsForSalesEventInterface;

/**
 * Writes a pending hold and its release.
 *
 * The hold goes through PlaceReservationsForSalesEventInterface, as an order's reservations do, so
 * MSI resolves the website's stock and writes the metadata itself (from the sales event, in the
 * shape HoldMetadata::build() gives the release too). The release appends reservations
 * directly on the stock each held row is on (ReservationBuilderInterface, AppendReservationsInterface):
 * a sales channel would resolve today's stock, which need not be the one that was held.
 */
class HoldWriter
{
    private PlaceReservationsForSalesEventInterface $placeReservations;
    private ItemToSellInterfaceFactory $itemToSellFactory;
    private SalesChannelInterfaceFactory $salesChannelFactory;
    private SalesEventInterfaceFactory $salesEventFactory;
    private SalesEventExtensionFactory $salesEventExtensionFactory;
    private ReservationBuilderInterface $reservationBuilder;
    private AppendReservationsInterface $appendReservations;
    private SerializerInterface $serializer;
    private HoldMetadata $metadata;

    public function __construct(
        PlaceReservationsForSalesEventInterface $placeReservations,
        ItemToSellInterfaceFactory $itemToSellFactory,
        SalesChannelInterfaceFactory $salesChannelFactory,
        SalesEventInterfaceFactory $salesEventFactory,
        SalesEventExtensionFactory $salesEventExtensionFactory,
        ReservationBuilderInterface $reservationBuilder,
        AppendReservationsInterface $appendReservations,
        SerializerInterface $serializer,
        HoldMetadata $metadata
    ) {
        $this->placeReservations = $placeReservations;
        $this->itemToSellFactory = $itemToSellFactory;
        $this->salesChannelFactory = $salesChannelFactory;
        $this->salesEventFactory = $salesEventFactory;
        $this->salesEventExtensionFactory = $salesEventExtensionFactory;
        $this->reservationBuilder = $reservationBuilder;
        $this->appendReservations = $appendReservations;
        $this->serializer = $serializer;
        $this->metadata = $metadata;
    }

    /**
     * @param array<string|int, float> $quantitiesBySku positive quantities to hold
     */
    public function hold(string $amazonOrderId, string $websiteCode, array $quantitiesBySku): void
    {
        $itemsToSell = [];
        foreach ($quantitiesBySku as $sku => $quantity) {
            $itemsToSell[] = $this->itemToSellFactory->create(['sku' => (string)$sku, 'qty' => -(float)$quantity]);
        }
        $salesChannel = $this->salesChannelFactory->create([
            'data' => [
                'type' => SalesChannelInterface::TYPE_WEBSITE,
                'code' => $websiteCode,
            ],
        ]);
        $metadata = $this->metadata->build(HoldMetadata::EVENT_HELD, $amazonOrderId);
        $salesEvent = $this->salesEventFactory->create([
            'type' => $metadata['event_type'],
            'objectType' => $metadata['object_type'],
            'objectId' => $metadata['object_id'],
        ]);
        $salesEvent->setExtensionAttributes($this->salesEventExtensionFactory->create([
            'data' => ['objectIncrementId' => $metadata['object_increment_id']],
        ]));
        $this->placeReservations->execute($itemsToSell, $salesChannel, $salesEvent);
    }

    /**
     * @param list<array{stock_id: int, sku: string, quantity: float}> $compensations from ReleasePlan
     */
    public function release(string $amazonOrderId, array $compensations): void
    {
        $metadata = (string)$this->serializer->serialize(
            $this->metadata->build(HoldMetadata::EVENT_RELEASED, $amazonOrderId)
        );
        $reservations = [];
        foreach ($compensations as $compensation) {
            $reservations[] = $this->reservationBuilder
                ->setStockId($compensation['stock_id'])
                ->setSku($compensation['sku'])
                ->setQuantity($compensation['quantity'])
                ->setMetadata($metadata)
                ->build();
        }
        $this->appendReservations->execute($reservations);
    }
}
