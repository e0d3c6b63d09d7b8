<?php

/**
 * Autoloads the module's own classes (PSR-4 AmazonOrders\Bridge\ => module root) so its plain-PHP
 * classes are tested without Magento. In a Magento installation its dev/tests/unit setup does this.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'AmazonOrders\\Bridge\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = dirname(__DIR__, 2) . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
