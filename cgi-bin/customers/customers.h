/* The customers family: customers, contacts, properties, communications,
 * documents. Each handler's comment says what it reads and answers. */
#ifndef HEARTH_CUSTOMERS_H
#define HEARTH_CUSTOMERS_H

#include "record.h"
#include "resource.h"
#include "route.h"

/* customers.c */
enum herr customers_customer_list(struct request *r);
enum herr customers_customer_new(struct request *r);
enum herr customers_customer_create(struct request *r);
enum herr customers_customer_show(struct request *r);
enum herr customers_customer_edit(struct request *r);
enum herr customers_customer_update(struct request *r);
enum herr customers_customer_archive(struct request *r);
enum herr customers_customer_restore(struct request *r);
/* The customer as every child resource's parent (resource.h). */
extern const struct res_parent customers_parent_of_child;

/* contacts.c */
enum herr customers_contact_list(struct request *r);
enum herr customers_contact_new(struct request *r);
enum herr customers_contact_create(struct request *r);
enum herr customers_contact_show(struct request *r);
enum herr customers_contact_edit(struct request *r);
enum herr customers_contact_update(struct request *r);
enum herr customers_contact_archive(struct request *r);
enum herr customers_contact_restore(struct request *r);

/* properties.c */
enum herr customers_property_list(struct request *r);
enum herr customers_property_new(struct request *r);
enum herr customers_property_create(struct request *r);
enum herr customers_property_show(struct request *r);
enum herr customers_property_edit(struct request *r);
enum herr customers_property_update(struct request *r);
enum herr customers_property_archive(struct request *r);
enum herr customers_property_restore(struct request *r);

/* communications.c */
enum herr customers_communication_list(struct request *r);
enum herr customers_communication_new(struct request *r);
enum herr customers_communication_create(struct request *r);
enum herr customers_communication_show(struct request *r);
enum herr customers_communication_edit(struct request *r);
enum herr customers_communication_update(struct request *r);
enum herr customers_communication_archive(struct request *r);
enum herr customers_communication_restore(struct request *r);

/* documents.c */
enum herr customers_document_list(struct request *r);
enum herr customers_document_create(struct request *r);
enum herr customers_document_show(struct request *r);
enum herr customers_document_download(struct request *r);
enum herr customers_document_update(struct request *r);
enum herr customers_document_archive(struct request *r);
enum herr customers_document_restore(struct request *r);

/* imports.c: customers from CSV files (lib/import.h) */
enum herr customers_import_list(struct request *r);
enum herr customers_import_upload(struct request *r);
enum herr customers_import_template(struct request *r);
enum herr customers_import_show(struct request *r);
enum herr customers_import_preview(struct request *r);
enum herr customers_import_apply(struct request *r);
enum herr customers_import_cancel(struct request *r);
enum herr customers_import_undo(struct request *r);
enum herr customers_import_errors(struct request *r);

#endif
