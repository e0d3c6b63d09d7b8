<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Reservation;

use Magento\Sales\Model\ResourceModel\Order\Shipment\CollectionFactory as ShipmentCollectionFactory;

/**
 * Whether Commerce holds shipment documents for an order: MSI releases an order's reservations
 * when such a document is created, so quantities shipped without one were shipped elsewhere.
 */
class OrderDocuments
{
    private ShipmentCollectionFactory $shipmentCollectionFactory;

    public function __construct(ShipmentCollectionFactory $shipmentCollectionFactory)
    {
        $this->shipmentCollectionFactory = $shipmentCollectionFactory;
    }

    public function hasShipments(int $orderId): bool
    {
        return $this->shipmentCollectionFactory->create()
            ->addFieldToFilter('order_id', $orderId)
            ->getSize() > 0;
    }
}
