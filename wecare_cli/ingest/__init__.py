"""Read application workbooks and CSV files into typed rows, every cell problem a finding."""
