<?php

declare(strict_types=1);

namespace Magento\Store\Api;

/**
 * Stand-in for the part of Magento's website repository the module calls.
 */
interface WebsiteRepositoryInterface
{
    /**
     * @param int $id
     * @return \Magento\Store\Api\Data\WebsiteInterface
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     */
    public function getById($id);
}
