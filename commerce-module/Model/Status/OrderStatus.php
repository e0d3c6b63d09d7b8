<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Status;

use AmazonOrders\Bridge\Api\Data\OrderStatusInterface;

/**
 * One row of sales_order_status joined to sales_order_status_state (read-only answer object).
 */
final class OrderStatus implements OrderStatusInterface
{
    private string $status;
    private string $label;
    private string $state;
    private bool $isDefault;

    public function __construct(string $status, string $label, string $state, bool $isDefault)
    {
        $this->status = $status;
        $this->label = $label;
        $this->state = $state;
        $this->isDefault = $isDefault;
    }

    /**
     * @param array<string, mixed> $row columns status, label, state, is_default
     */
    public static function fromRow(array $row): self
    {
        return new self(
            (string)($row['status'] ?? ''),
            (string)($row['label'] ?? ''),
            (string)($row['state'] ?? ''),
            (bool)(int)($row['is_default'] ?? 0)
        );
    }

    public function getStatus(): string
    {
        return $this->status;
    }

    public function getLabel(): string
    {
        return $this->label;
    }

    public function getState(): string
    {
        return $this->state;
    }

    public function getIsDefault(): bool
    {
        return $this->isDefault;
    }
}
