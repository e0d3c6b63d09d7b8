<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Reservation;

use Magento\Sales\Model\ResourceModel\Order\Invoice\CollectionFactory as InvoiceCollectionFactory;
use Magento\Sales\Model\ResourceModel\Order\Shipment\CollectionFactory as ShipmentCollectionFactory;

/**
 * Whether Commerce holds shipment and invoice documents for an order. MSI releases an order's
 * reservations when such a document is created (a shipment for physical items, an invoice for
 * virtual ones), so quantities marked shipped or invoiced without one were fulfilled elsewhere.
 */
class OrderDocuments
{
    private ShipmentCollectionFactory $shipmentCollectionFactory;
    private InvoiceCollectionFactory $invoiceCollectionFactory;

    public function __construct(
        ShipmentCollectionFactory $shipmentCollectionFactory,
        InvoiceCollectionFactory $invoiceCollectionFactory
    ) {
        $this->shipmentCollectionFactory = $shipmentCollectionFactory;
        $this->invoiceCollectionFactory = $invoiceCollectionFactory;
    }

    public function hasShipments(int $orderId): bool
    {
        return $this->shipmentCollectionFactory->create()
            ->addFieldToFilter('order_id', $orderId)
            ->getSize() > 0;
    }

    public function hasInvoices(int $orderId): bool
    {
        return $this->invoiceCollectionFactory->create()
            ->addFieldToFilter('order_id', $orderId)
            ->getSize() > 0;
    }
}
