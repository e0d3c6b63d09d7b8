<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Block\Info;

use Magento\Framework\DataObject;
use Magento\Payment\Block\Info;
use Magento\Sales\Model\Order\Payment;

/**
 * "Amazon Channel Payment" with the Amazon order number (the order's ext_order_id) in the order
 * view, invoices, credit memos, emails and PDFs.
 */
class AmazonChannel extends Info
{
    /**
     * @param DataObject|array<string, mixed>|null $transport
     * @return DataObject
     */
    // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore -- Magento's own hook
    protected function _prepareSpecificInformation($transport = null)
    {
        $transport = parent::_prepareSpecificInformation($transport);
        $number = $this->amazonOrderNumber();
        if ($number !== '') {
            $transport->setData((string)__('Amazon Order Number'), $number);
        }

        return $transport;
    }

    private function amazonOrderNumber(): string
    {
        $payment = $this->getInfo();
        if (!$payment instanceof Payment || $payment->getOrder() === null) {
            return '';
        }

        return trim((string)$payment->getOrder()->getExtOrderId());
    }
}
