drop index orders_code_key;
