<?php

declare(strict_types=1);

namespace Magento\Framework\Exception;

/**
 * Stand-in for Magento's NoSuchEntityException, which MSI's GetSkusByProductIds throws for ids it
 * cannot find.
 */
class NoSuchEntityException extends LocalizedException
{
}
