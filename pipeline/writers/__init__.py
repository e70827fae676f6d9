"""Writers: Arrow schemas and atomic Parquet part files."""
