<?php

declare(strict_types=1);

namespace AmazonOrders\Bridge\Model\Status;

use AmazonOrders\Bridge\Api\OrderStatusListInterface;
use Magento\Framework\App\ResourceConnection;

/**
 * Reads sales_order_status joined to sales_order_status_state.
 */
class OrderStatusList implements OrderStatusListInterface
{
    private ResourceConnection $resource;

    public function __construct(ResourceConnection $resource)
    {
        $this->resource = $resource;
    }

    /**
     * @inheritdoc
     */
    public function getList(): array
    {
        $connection = $this->resource->getConnection();
        $select = $connection->select()
            ->from(['main' => $this->resource->getTableName('sales_order_status')], ['status', 'label'])
            ->join(
                ['assigned' => $this->resource->getTableName('sales_order_status_state')],
                'assigned.status = main.status',
                ['state', 'is_default']
            )
            ->order(['assigned.state ASC', 'main.status ASC']);

        return array_map([OrderStatus::class, 'fromRow'], $connection->fetchAll($select));
    }
}
