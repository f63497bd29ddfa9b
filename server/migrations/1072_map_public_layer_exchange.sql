-- Public map layers cross to the internet side (exchange kind map.public_layer): the receiving side
-- records which version of the sender's layer it holds, so the same version applied twice changes nothing.
alter table map.layers add column exchanged_version text;
comment on column map.layers.exchanged_version is 'Internet side: the intranet layer version (图层版本) whose features this layer holds (exchange map.public_layer); null where the layer is edited here';
