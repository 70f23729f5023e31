"""One dynamic partition per source document; the inbox sensor registers them."""
import dagster as dg

documents = dg.DynamicPartitionsDefinition(name="disclosure_documents")
