<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Test\Unit\Model\Status;

use AmazonOrders\Bridge\Model\Status\OrderStatus;
use PHPUnit\Framework\TestCase;

class OrderStatusTest extends TestCase
{
    public function testFromADatabaseRow(): void
    {
        $status = OrderStatus::fromRow(['status' => 'processing', 'label' => 'Processing', 'state' => 'processing',
            'is_default' => '1']);

        self::assertSame('processing', $status->getStatus());
        self::assertSame('Processing', $status->getLabel());
        self::assertSame('processing', $status->getState());
        self::assertTrue($status->getIsDefault());
        self::assertFalse(OrderStatus::fromRow(['status' => 'fraud', 'label' => 'Suspected Fraud',
            'state' => 'processing', 'is_default' => '0'])->getIsDefault());
    }
}
